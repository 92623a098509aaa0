// A node:test reporter that writes one JSON line per skipped test or suite (name, file,
// reason), so scripts/test.mjs can count skips: under ZENML_TEST_REQUIRE_SERVICES=1 a
// skip is a failure, never a silent gap.
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, todo, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    yield `${JSON.stringify({ name, file, reason: typeof skip === 'string' ? skip : todo ? 'todo' : 'skipped' })}\n`;
  }
}
