// Writes src/core/kb/entry.generated.ts from kb/schema/entry.schema.json: the entry types are
// the schema's, never a hand-kept copy. `node scripts/gen-types.mjs --check` fails when the
// committed file is stale (the unit tests run it).
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'kb', 'schema', 'entry.schema.json');
const outFile = join(root, 'src', 'core', 'kb', 'entry.generated.ts');

export async function generate() {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  // Every definition gets its name as a type (json-schema-to-typescript names them by title).
  for (const [name, def] of Object.entries(schema.definitions)) def.title ??= name[0].toUpperCase() + name.slice(1);
  schema.title = 'Entry';
  return compile(schema, 'Entry', {
    bannerComment: '/* Generated from kb/schema/entry.schema.json by scripts/gen-types.mjs: do not edit; run `npm run gen:types`. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 160 },
  });
}

const text = await generate();
if (process.argv.includes('--check')) {
  if (readFileSync(outFile, 'utf8') !== text) {
    console.error(`${outFile} is stale: run npm run gen:types`);
    process.exit(1);
  }
} else writeFileSync(outFile, text);
