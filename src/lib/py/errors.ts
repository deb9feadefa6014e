/**
 * The error type of src/lib/py: a Python exception reproduced in JavaScript. `pyType` is the
 * Python exception class name (`TypeError`, `KeyError`, `error` for `re.error`, ...); the engine
 * reports it as the node's error type and `message` as the error text.
 */
export class PyError extends Error {
  readonly pyType: string;

  constructor(pyType: string, message: string) {
    super(message);
    this.name = 'PyError';
    this.pyType = pyType;
  }
}

export function pyTypeError(msg: string): PyError {
  return new PyError('TypeError', msg);
}

export function pyValueError(msg: string): PyError {
  return new PyError('ValueError', msg);
}

export function pyKeyError(msg: string): PyError {
  return new PyError('KeyError', msg);
}

export function pyIndexError(msg: string): PyError {
  return new PyError('IndexError', msg);
}
