/** Sizes both sides must agree on. */

/** A disable request is an e-mail, not an attachment archive: 5 MiB is plenty; the server answers 413 past it. */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
