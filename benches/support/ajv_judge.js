// ajv 8, the JavaScript validator people compile schemas with, on a JSON Lines file of
// completions against the source schema: `node benches/support/ajv_judge.js FILE.jsonl`
// (with ajv installed: `npm install --prefix DIR ajv@8` and NODE_PATH=DIR/node_modules).
const fs = require("fs");
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020");

const schema = JSON.parse(
  fs.readFileSync(__dirname + "/../../schema/completions.schema.json", "utf8"),
);
schema.$ref = "#/$defs/Completion";
const ajv = new Ajv2020({ strict: false, allErrors: false });
const validate = ajv.compile(schema);
let valid = 0;
let invalid = 0;
const lines = readline.createInterface({ input: fs.createReadStream(process.argv[2]) });
lines.on("line", (line) => {
  if (line.length === 0) return;
  let ok = false;
  try {
    ok = validate(JSON.parse(line));
  } catch (e) {
    ok = false;
  }
  if (ok) valid++;
  else invalid++;
});
lines.on("close", () => console.log(`${valid} valid, ${invalid} invalid`));
