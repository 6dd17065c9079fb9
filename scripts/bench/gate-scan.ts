/**
 * Times scanTable on a generated table of ROWS rows and 6 text columns that holds no identifier
 * but looks like register data (names, addresses, licence numbers, date-times, prices, ICD codes).
 *
 *   npx tsx scripts/bench/gate-scan.ts [rows]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { scanTable } from '../../src/gate/scan.ts';
import { sql } from '../../src/sql.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
try {
  let started = performance.now();
  await db.run(`
    CREATE TABLE bench AS
    SELECT
      i AS id,
      'Phòng khám đa khoa Hoàng Long ' || i AS ten_co_so,
      lpad(CAST(i % 100000 AS VARCHAR), 5, '0') || '/SYT-GPHĐ' AS so_giay_phep,
      CAST(i % 999 AS VARCHAR) || ' Nguyễn Trãi, Phường ' || (i % 30) || ', Quận 5, TP Hồ Chí Minh' AS dia_chi,
      strftime(TIMESTAMP '2014-01-01 08:00:00' + to_seconds(i * 37), '%Y-%m-%d %H:%M:%S') AS ngay_cap,
      replace(format('{:,}', (i % 5000) * 1000), ',', '.') || ' đồng' AS gia,
      chr(CAST(65 + i % 26 AS INTEGER)) || lpad(CAST(i % 100 AS VARCHAR), 2, '0') || '.' || (i % 10) || ' - ' || (2020 + i % 6) || '-W' || lpad(CAST(i % 52 + 1 AS VARCHAR), 2, '0') AS ma_benh
    FROM range(${ROWS}) t(i)`);
  console.log(`generated ${ROWS.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  const sample = (await db.runAndReadAll('SELECT * EXCLUDE (id) FROM bench LIMIT 2')).getRowObjectsJS();
  console.log(sample);

  const columns = ['ten_co_so', 'so_giay_phep', 'dia_chi', 'ngay_cap', 'gia', 'ma_benh'];
  for (let run = 1; run <= 3; run++) {
    started = performance.now();
    const hits = await scanTable(db, { table: 'bench', file: 'bench.csv', columns, orderBy: sql`id` });
    console.log(`scanTable run ${run}: ${hits.length} hits in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
} finally {
  db.closeSync();
  instance.closeSync();
}
