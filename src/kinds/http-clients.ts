// How the HTTP clients behind senders that follow redirects do it, read from each client's code. They
// agree on a plain 301/302/307; a receiver that loops or sends an odd Location gets different ends.
import type { RedirectRule } from './types.js';

/**
 * OkHttp 4 (RetryAndFollowUpInterceptor): follows 300–303, 307 and 308; the 21st follow-up throws
 * "Too many follow-up requests"; a Location missing or not an http(s) URL returns the 3xx as the
 * response; https to http is followed (followSslRedirects defaults to true).
 */
export const OKHTTP_REDIRECTS: RedirectRule = {
  client: 'OkHttp',
  statuses: [300, 301, 302, 303, 307, 308],
  max: 20,
  pastMax: 'error',
  unusableLocation: 'answer',
  notHttp: 'answer',
  downgrade: 'follow',
};

/**
 * The JDK HttpClient with Redirect.NORMAL (RedirectFilter): follows 301–303, 307 and 308 while
 * `++redirects < jdk.httpclient.redirects.retrylimit` (default 5), so 4, and returns the 5th 3xx as
 * the response; no Location is an IOException ("Invalid redirection"), a Location URI.create refuses
 * throws; another scheme than the request's, unless https, is not followed (the 3xx is the response).
 */
export const JDK_HTTP_CLIENT_REDIRECTS: RedirectRule = {
  client: 'the JDK HttpClient',
  statuses: [301, 302, 303, 307, 308],
  max: 4,
  pastMax: 'answer',
  unusableLocation: 'error',
  notHttp: 'answer',
  downgrade: 'answer',
};

/**
 * Faraday's FollowRedirects middleware with `limit: 5` (Travis CI's lib/travis/task.rb): follows 301–303,
 * 307 and 308; one more raises RedirectLimitReached; without a Location it asks the same URL again until
 * that limit (so the delivery fails); a Location Net::HTTP cannot request fails it.
 */
export const FARADAY_REDIRECTS: RedirectRule = {
  client: 'Faraday',
  statuses: [301, 302, 303, 307, 308],
  max: 5,
  pastMax: 'error',
  unusableLocation: 'error',
  notHttp: 'error',
  downgrade: 'follow',
};
