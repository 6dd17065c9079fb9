import { describeLocation } from '../errors.ts';
import type { PublishReport } from '../pipeline/publish.ts';
import { formatBytes } from '../web/html.ts';

/** The human summary of a publish run, as `npm start` and `npm run publish` print it. */
export function formatReport(report: PublishReport, fileUrl: (key: string) => string): string {
  const lines: string[] = [];
  const headline = report.outcome === 'published' ? `published version ${report.version}` : `unchanged (latest version ${report.version})`;
  lines.push(`${report.datasetId}: ${headline}`);
  lines.push(`  rows read       ${report.rowsRead} from ${report.sources.length} export(s)`);
  for (const s of report.sources) lines.push(`    ${s.key}  ${s.rowsRead} rows${s.province ? `, province ${s.province}` : ''}`);
  lines.push(`  rows rejected   ${report.rowsRejected}`);
  for (const p of report.problems.slice(0, 20)) lines.push(`    ${describeLocation(p)}: ${p.message}`);
  if (report.problems.length > 20) lines.push(`    … ${report.problems.length - 20} more in quality-report.json`);
  if (report.disclosure) {
    const d = report.disclosure;
    const log = report.runLog;
    lines.push(`  cells published ${report.rowCount} (aggregates over fixed grids; no row per person)`);
    if (log) {
      const added = log.periodsAdded.length ? log.periodsAdded.join(', ') : 'none (no period became due)';
      lines.push(`    periods added   ${added}; kept unchanged: ${log.periodsKept.length}`);
      if (log.rowsLate) lines.push(`    rows registered in periods already published (wait for a revision): ${log.rowsLate}`);
      if (log.rowsNotYetDue) lines.push(`    rows of periods not yet due: ${log.rowsNotYetDue}`);
      if (log.rowsBeforeFirst) lines.push(`    rows before the first period: ${log.rowsBeforeFirst}`);
      lines.push(
        `    disclosure control k=${d.k}: ${d.suppressed} of ${d.cells} cells suppressed` +
          ` (this run: ${log.primarySuppressions} primary, ${log.secondarySuppressions} complementary, ${log.groupsSuppressed} groups whole; private, not published)`,
      );
    }
  } else {
    lines.push(`  rows published  ${report.rowCount}`);
    lines.push(`    exact duplicates collapsed: ${report.duplicateRowsCollapsed}`);
    lines.push(`    values of the duplicate key shared by different rows (kept, listed in quality-report.json): ${report.sharedKeys}`);
    lines.push(`    rows without a province: ${report.rowsWithoutProvince}`);
    lines.push(`    rows withheld by the identifier gate (not published; for the steward): ${report.withheldRows}`);
    for (const w of report.withheld.slice(0, 20)) lines.push(`      ${w.file}, line ${w.line}, column ${w.column}: ${w.kind} ${w.masked}`);
    if (report.withheld.length > 20) lines.push(`      … ${report.withheld.length - 20} more`);
  }
  const counted = report.stripped.filter((f) => f.countedAs);
  lines.push(`  fields stripped (never leave the landing area)`);
  for (const f of report.stripped.filter((x) => !x.countedAs))
    lines.push(`    ${f.field.padEnd(14)} ${f.class} (${f.provision}): ${f.reason.en}`);
  if (counted.length) {
    lines.push(`  fields counted (only as a dimension of the tables, never published row by row)`);
    for (const f of counted) lines.push(`    ${f.field.padEnd(14)} → ${f.countedAs!.join(', ')}  ${f.class} (${f.provision})`);
  }
  lines.push(`  files`);
  for (const f of report.files)
    lines.push(`    ${f.name.padEnd(26)} ${formatBytes(f.bytes, 'en').padStart(9)}  sha256 ${f.sha256.slice(0, 16)}…  ${fileUrl(f.key)}`);
  return lines.join('\n');
}
