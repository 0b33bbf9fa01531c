/** `npm run schema`: writes the JSON Schema files of the public JSON contracts from their zod schemas. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_FILES, jsonSchemaText } from './jsonSchemas';

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const file of JSON_SCHEMA_FILES) {
  writeFileSync(`${root}${file.path}`, jsonSchemaText(file));
  console.log(`wrote ${file.path}`);
}
