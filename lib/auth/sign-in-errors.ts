// What the credentials provider reports and what the login page says about it. next-auth passes a thrown
// error's message to the client as `error`, so a hold travels as "locked:<minutes>" or "locked:<seconds>s".

const LOCKED_PREFIX = "locked:";
export const UNAVAILABLE_ERROR = "unavailable";
// Two-factor sign-in: the password was right, now the code (required), or the code was wrong (invalid).
export const TWO_FACTOR_REQUIRED = "two_factor_required";
export const TWO_FACTOR_INVALID = "two_factor_invalid";

export function lockedErrorCode(retryAfterMs: number): string {
  // Whole seconds first: the stored lock time is rounded to the millisecond, so 15 minutes can read 900000.4 ms.
  const seconds = Math.max(1, Math.floor(retryAfterMs / 1000));
  if (seconds < 60) return `${LOCKED_PREFIX}${seconds}s`;
  return `${LOCKED_PREFIX}${Math.ceil(seconds / 60)}`;
}

export function signInErrorMessage(code: string | null | undefined): string {
  if (code?.startsWith(LOCKED_PREFIX) && code.endsWith("s")) {
    const seconds = Number(code.slice(LOCKED_PREFIX.length, -1));
    if (Number.isInteger(seconds) && seconds > 0 && seconds < 60)
      return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  }
  if (code?.startsWith(LOCKED_PREFIX)) {
    const minutes = Number(code.slice(LOCKED_PREFIX.length));
    const safe = Number.isInteger(minutes) && minutes > 0 ? minutes : 15;
    return `Too many attempts. Try again in ${safe} ${safe === 1 ? "minute" : "minutes"}.`;
  }
  if (code === TWO_FACTOR_REQUIRED)
    return "Enter the 6-digit code from your authenticator app, or a recovery code.";
  if (code === TWO_FACTOR_INVALID)
    return "That code is not valid (or was already used). Try the next code from your app.";
  if (code === UNAVAILABLE_ERROR)
    return "Sign-in is unavailable for a moment (the database is not answering). Try again shortly.";
  return "That email and password do not match an active account.";
}
