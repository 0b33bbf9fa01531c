/**
 * A sheet asked for something this writer does not write. It is refused by name, never left
 * out of the file in silence: a sheet module that starts using a new feature finds out from its
 * first export, and the feature is then added here with a test.
 */
export function unsupported(feature: string, where: string): Error {
  return new Error(`The workbook writer does not write ${feature} (${where}) yet: add it in electron/core/workbook/xlsx, with a test.`);
}

/** Refuses any setting of `object` outside `allowed` that is set to something. */
export function onlyKeys(object: object, allowed: readonly string[], what: string, where: string): void {
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== null && value !== false && !allowed.includes(key)) throw unsupported(`${what} "${key}"`, where);
  }
}
