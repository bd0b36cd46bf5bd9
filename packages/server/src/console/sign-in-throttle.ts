import { FailureWindow, type FailureWindowOptions } from '../auth/failure-window.js'

/** Options of {@link SignInThrottle}. */
export type SignInThrottleOptions = FailureWindowOptions

/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for the same email, or from the
 * same IP, within the window, further attempts are refused until the window passes. The counting is
 * the one {@link FailureWindow} that also throttles wrong keys and tokens (`auth/`); kept in memory
 * per node (argon2's cost still bounds the guessing rate).
 */
export class SignInThrottle extends FailureWindow {}
