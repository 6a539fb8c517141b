/**
 * Errors raised by the Spark adapter. Messages are what Spark said, without the Java exception
 * prefixes and stack frames the Thrift server wraps them in, and never carry a secret: values of
 * `MDL_SECRET_*` environment variables and the target's password/token are masked.
 */

/** A statement, connection or configuration failure on Spark. `sqlState` is Spark's when known. */
export class SparkError extends Error {
  override readonly name = 'SparkError';
  readonly sqlState: string | undefined;

  constructor(message: string, options: { sqlState?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.sqlState = options.sqlState;
  }
}

const MASK = '****';

/** Replaces every secret value found in `text` with a mask. Short values are masked too. */
export function redactSecrets(text: string, extraSecrets: readonly (string | undefined)[] = []): string {
  const secrets = [
    ...Object.entries(process.env)
      .filter(([name]) => name.startsWith('MDL_SECRET_'))
      .map(([, value]) => value),
    ...extraSecrets,
  ]
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    // Longest first, so a secret containing another is masked whole.
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of secrets) result = result.replaceAll(secret, MASK);
  return result;
}

// "[org.apache.hive...HiveSQLException: ]Error running query: [CODE] org.apache...Exception: "
const JAVA_PREFIX =
  /^(?:(?:org\.apache\.hive\.service\.cli\.HiveSQLException: )?Error running query: )?(?:\[[A-Z0-9_.]+\] )?(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error): \s*/;

/** Where the useful text ends: Java stack frames, or the analyzed plan Spark appends. */
function isTail(line: string): boolean {
  return (
    /^\s+at [\w$.<>]+\(/.test(line) ||
    /^\s*\.\.\. \d+ more/.test(line) ||
    /^\s*[+:]- /.test(line) ||
    /^'?[A-Z]\w* \[/.test(line)
  );
}

/** Spark's message without Java wrapping: no exception class prefix, frames or plan. */
export function cleanSparkMessage(message: string): string {
  const lines = message.replace(JAVA_PREFIX, '').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (kept.length > 0 && isTail(line)) break;
    kept.push(line);
  }
  return kept.join('\n').trimEnd();
}

/**
 * The innermost Java cause in HiveServer2's `infoMessages`, which hive-driver joins into the
 * error's `stack`: each exception in the chain is a line `*<class>:<message>:<frames>:<common>`.
 * A failure inside a write task reaches the client as `[TASK_WRITE_FAILED] Task failed while
 * writing rows to <path>`; what went wrong (a cast, `raise_error`, a division by zero) is only
 * in the last cause.
 */
export function innermostCause(infoMessages: string): string | undefined {
  let last: string | undefined;
  for (const line of infoMessages.split('\n')) {
    const match = /^\*[\w$.]+:(.*?)(?::\d+:\d+)?$/.exec(line);
    if (match?.[1]) last = match[1];
  }
  return last;
}

/** The pieces of a hive-driver or Thrift failure that this module reads. */
interface DriverFailure {
  readonly message?: string;
  /** hive-driver's StatusError: the server's `infoMessages`, one line each. */
  readonly stack?: string;
  readonly response?: { readonly errorMessage?: string | null; readonly sqlState?: string | null };
  readonly sqlState?: string | null;
  readonly code?: string;
}

/**
 * Wraps a driver failure as a SparkError whose message starts with `context` and has secrets
 * masked. The driver's error object is not kept as `cause`: it can hold the credentials the
 * connection was opened with.
 */
export function toSparkError(
  error: unknown,
  context: string,
  secrets: readonly (string | undefined)[] = [],
): SparkError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as DriverFailure;
  const raw =
    failure.response?.errorMessage ??
    failure.message ??
    (typeof error === 'string' ? error : 'unknown error from the Spark driver');
  const cleaned = cleanSparkMessage(raw);
  const cause = typeof failure.stack === 'string' ? innermostCause(failure.stack) : undefined;
  const causeText = cause === undefined ? '' : cleanSparkMessage(cause);
  // Only when the cause says something the message does not (a plain error is its own cause).
  const full = causeText && !cleaned.includes(causeText) ? `${cleaned}\nCaused by: ${causeText}` : cleaned;
  const message = redactSecrets(`${context}: ${full}`, secrets);
  const sqlState =
    failure.response?.sqlState ?? failure.sqlState ?? /SQLSTATE: (\w{5})/.exec(raw)?.[1] ?? undefined;
  return new SparkError(message, { sqlState: sqlState ?? undefined });
}
