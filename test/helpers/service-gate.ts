import { test } from 'node:test';

/**
 * Gate for tests that need a real service (PostgreSQL, Redis, an S3 server...). `problem` is
 * why the service cannot be used here, or undefined when it can. The tests then skip with
 * that reason, or, under ZENML_TEST_REQUIRE_SERVICES=1 (CI), a failing test says it instead:
 * CI installs every service, so a missing one is a broken set-up, never a silent skip.
 */
export function serviceGate(service: string, problem: string | undefined): { skip: string | false } {
  if (!problem) return { skip: false };
  const reason = `${service} is not available: ${problem}`;
  if (process.env.ZENML_TEST_REQUIRE_SERVICES === '1') {
    test(`${service} is available (ZENML_TEST_REQUIRE_SERVICES=1)`, () => {
      throw new Error(reason);
    });
  }
  return { skip: reason };
}
