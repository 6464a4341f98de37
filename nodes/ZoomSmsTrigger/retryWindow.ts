/**
 * How old a signed Zoom request may be, and how long the trigger remembers the events it has seen.
 *
 * Zoom retries a delivery that failed with a 5xx or a network error 3 times: 5 minutes after the first
 * failure, 20 minutes after that, 60 minutes after that, so the last retry comes about 85 minutes after the
 * first attempt. It never retries a 4xx. Zoom does not document whether a retry carries the original
 * `x-zm-request-timestamp` or a new one [UNVERIFIED], so both must work:
 *
 * - original timestamp: the request may be up to 85 minutes old; refusing it (401) would lose the event
 *   for good. So a signed request is accepted up to MAX_REQUEST_AGE_SECONDS after its timestamp.
 * - new timestamp (and so a new signature): only the event's identity (eventIdentity.ts) can tell it is
 *   the same event, so the memory keyed on identity must outlive the whole retry span.
 *
 * Replays by someone who captured a signed request are covered by the same two rules: older than the
 * window is refused, younger is recognised as already seen (as long as the bounded memory holds it).
 */

/** Zoom's retry schedule, minutes after the previous attempt (Zoom's webhook documentation). */
export const ZOOM_RETRY_DELAYS_MINUTES: readonly number[] = [5, 20, 60];

/** First attempt to last retry: 85 minutes. */
export const ZOOM_RETRY_SPAN_SECONDS = ZOOM_RETRY_DELAYS_MINUTES.reduce((sum, minutes) => sum + minutes, 0) * 60;

/** Clock difference between Zoom and this server, and delivery time, allowed on top. */
export const CLOCK_SKEW_SECONDS = 300;

/** A signed event request is accepted this long after its timestamp: 90 minutes. */
export const MAX_REQUEST_AGE_SECONDS = ZOOM_RETRY_SPAN_SECONDS + CLOCK_SKEW_SECONDS;

/** ...and this far ahead of this server's clock. */
export const MAX_FUTURE_SECONDS = CLOCK_SKEW_SECONDS;

/**
 * `endpoint.url_validation` is not retried by Zoom (it asks again in 72 hours), so its request must be
 * fresh: the usual five minutes.
 */
export const URL_VALIDATION_MAX_AGE_SECONDS = 300;

/**
 * How long a seen event is remembered, counted from when it was seen: every request that can still be
 * accepted for it (a retry stamped anew up to 85 minutes later, or a replay of a request up to 90 minutes
 * old) arrives within this time. 95 minutes.
 */
export const SEEN_EVENT_RETENTION_SECONDS = MAX_REQUEST_AGE_SECONDS + CLOCK_SKEW_SECONDS;

/**
 * At most this many events are remembered per trigger node. The memory is saved with the workflow on every
 * accepted event, so it must stay small (about 40 bytes an entry). A trigger receiving more events than
 * this in 95 minutes forgets the oldest first: a replay of those could start the workflow again.
 */
export const MAX_SEEN_EVENTS = 2000;
