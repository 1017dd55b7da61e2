/** A message that does not match the protocol (wrong sender, shape or size). */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** An error thrown by a handler on the other side, rethrown where the call was made. */
export class RemoteError extends Error {
  override name = 'RemoteError';
  constructor(
    message: string,
    /** The `name` of the original error, e.g. `ModelFormatError`. */
    readonly remoteName: string,
  ) {
    super(message);
  }
}
