import { afterEach, describe, expect, it } from 'vitest';
import { cleanSparkMessage, innermostCause, redactSecrets, toSparkError } from './errors.js';

afterEach(() => {
  delete process.env['MDL_SECRET_A'];
  delete process.env['MDL_SECRET_B'];
});

describe('spark errors (pure)', () => {
  it('strips the Thrift server wrapping, Java frames and the analyzed plan', () => {
    const raw =
      'org.apache.hive.service.cli.HiveSQLException: Error running query: [DIVIDE_BY_ZERO] ' +
      'org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n' +
      '== SQL (line 1, position 8) ==\nselect 1/0\n       ^^^\n\n' +
      '\tat org.apache.spark.sql.errors.QueryExecutionErrors$.divideByZeroError(QueryExecutionErrors.scala:1)\n' +
      '\t... 12 more';
    expect(cleanSparkMessage(raw)).toBe(
      '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012\n== SQL (line 1, position 8) ==\nselect 1/0\n       ^^^',
    );
    expect(cleanSparkMessage("Error running query: [X] org.apache.spark.sql.AnalysisException: [X] bad; line 1 pos 1;\n'Project [*]\n+- 'UnresolvedRelation [t]")).toBe(
      '[X] bad; line 1 pos 1;',
    );
    expect(cleanSparkMessage('plain message')).toBe('plain message');
  });

  it('adds the innermost cause a task failure hides (raise_error inside a Delta write), secrets masked', () => {
    process.env['MDL_SECRET_A'] = 'tok3n';
    // The shape hive-driver hands over: errorMessage as message, infoMessages joined as stack.
    const stack = [
      '*org.apache.hive.service.cli.HiveSQLException:Error running query: [TASK_WRITE_FAILED] org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to file:/w/t. SQLSTATE: 58030:27:26',
      'org.apache.spark.sql.hive.thriftserver.HiveThriftServerErrors$:runningQueryError:HiveThriftServerErrors.scala:43',
      '*org.apache.spark.SparkException:[TASK_WRITE_FAILED] Task failed while writing rows to file:/w/t. SQLSTATE: 58030:154:129',
      'org.apache.spark.sql.errors.QueryExecutionErrors$:taskFailedWhileWritingRowsError:QueryExecutionErrors.scala:765',
      '*org.apache.spark.SparkRuntimeException:[USER_RAISED_EXCEPTION] boom tok3n SQLSTATE: P0001:21:17',
      'org.apache.spark.sql.errors.QueryExecutionErrors$:raiseError:QueryExecutionErrors.scala:2785',
    ].join('\n');
    expect(innermostCause(stack)).toBe('[USER_RAISED_EXCEPTION] boom tok3n SQLSTATE: P0001');
    const error = toSparkError(
      { message: 'Error running query: [TASK_WRITE_FAILED] org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to file:/w/t. SQLSTATE: 58030', stack },
      'Spark statement failed',
    );
    expect(error.message).toBe(
      'Spark statement failed: [TASK_WRITE_FAILED] Task failed while writing rows to file:/w/t. SQLSTATE: 58030\n' +
        'Caused by: [USER_RAISED_EXCEPTION] boom **** SQLSTATE: P0001',
    );
    expect(error.sqlState).toBe('58030');
    // An error that is its own cause, and a JS stack, add nothing.
    const plain = '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012';
    expect(toSparkError({ message: `Error running query: [DIVIDE_BY_ZERO] org.apache.spark.SparkArithmeticException: ${plain}`, stack: `*org.apache.spark.SparkArithmeticException:${plain}:3:1` }, 'x').message).toBe(`x: ${plain}`);
    expect(toSparkError(new Error('socket hang up'), 'x').message).toBe('x: socket hang up');
  });

  it('masks every MDL_SECRET_* value and extra secrets, longest first', () => {
    process.env['MDL_SECRET_A'] = 'abc';
    process.env['MDL_SECRET_B'] = 'abcdef';
    expect(redactSecrets('x abcdef y abc z pw1', ['pw1'])).toBe('x **** y **** z ****');
    expect(redactSecrets('nothing here', [undefined, ''])).toBe('nothing here');
  });

  it('builds a SparkError with context, SQL state and no cause', () => {
    process.env['MDL_SECRET_A'] = 'tok3n';
    const error = toSparkError(
      { message: 'Error running query: [TABLE_OR_VIEW_NOT_FOUND] org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] tok3n missing. SQLSTATE: 42P01' },
      'Spark statement failed',
    );
    expect(error.message).toBe('Spark statement failed: [TABLE_OR_VIEW_NOT_FOUND] **** missing. SQLSTATE: 42P01');
    expect(error.sqlState).toBe('42P01');
    expect(error.cause).toBeUndefined();
  });
});
