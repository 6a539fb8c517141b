// The floor: executes a list of SQL statements in order on one DuckDB connection, using
// @duckdb/node-api and nothing else. Plain JavaScript run with plain `node`, so its start-up cost is
// the least any Node tool can have. Usage: node floor-runner.mjs PLAN.json DATABASE
import { mkdirSync, readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [planPath, databasePath] = process.argv.slice(2);
if (!planPath || !databasePath) {
  console.error('usage: node floor-runner.mjs PLAN.json DATABASE');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
// mdl creates the folder an external model writes into; DuckDB's COPY does not create parents.
for (const dir of plan.directories ?? []) mkdirSync(dir, { recursive: true });
const instance = await DuckDBInstance.create(databasePath, { autoinstall_known_extensions: 'false' });
const connection = await instance.connect();
let executed = 0;
for (const sql of plan.statements) {
  try {
    await connection.run(sql);
  } catch (error) {
    console.error(`statement ${executed + 1} failed: ${error.message}\n${sql.slice(0, 500)}`);
    process.exit(1);
  }
  executed += 1;
}
connection.closeSync();
instance.closeSync();
console.log(`executed ${executed} statements`);
