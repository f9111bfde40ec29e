// Counts the non-null assertions (`x!`) in src/ by kind and by file (AssemblyScript excluded), with the
// TypeScript compiler's parser. Run: node --import tsx scripts/count-non-null.ts [--lines]
// (--lines also prints every site). The allow-list that CI checks is test/meta/non-null.test.ts.
import { countByFile, scanSrc, type NonNullKind } from '../test/meta/non-null-scan.js';

// Piped into `head`, stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const sites = scanSrc();
const kinds: NonNullKind[] = ['element', 'property', 'identifier', 'call', 'other'];
const byKind = (list: typeof sites): string =>
  kinds.map((k) => `${k} ${list.filter((s) => s.kind === k).length}`).join(', ');

console.log(`${sites.length} non-null assertions in src/ (${byKind(sites)})`);
const counts = [...countByFile(sites)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
for (const [file, n] of counts) {
  console.log(`${String(n).padStart(5)}  ${file}  (${byKind(sites.filter((s) => s.file === file))})`);
}
if (process.argv.includes('--lines')) {
  for (const s of sites) console.log(`${s.file}:${s.line}  [${s.kind}]  ${s.text}!`);
}
