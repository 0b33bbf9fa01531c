import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILES, jsonSchemaText } from './jsonSchemas';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('published JSON Schema files', () => {
  it.each(JSON_SCHEMA_FILES.map((file) => [file.path, file] as const))('%s is what `npm run schema` writes today', (_path, file) => {
    const committed = readFileSync(`${root}${file.path}`, 'utf8');
    expect(committed, `${file.path} is out of date: run npm run schema and commit the result`).toBe(jsonSchemaText(file));
  });
});
