import type { WebClientOptions } from '@slack/web-api';

/**
 * Options every WebClient of ours carries. web-api 8 (fetch) dropped `attachOriginalToWebAPIRequestError`:
 * a request error's `original` is now the fetch error, which holds neither the request body nor its
 * headers (web-api/dist/WebClient.js, makeRequest). What is left to close: a method name that is an
 * absolute URL is POSTed there with the `Authorization: Bearer` header (`allowAbsoluteUrls`, default
 * true), so no client of ours sends the bot token anywhere but SLACK_API_URL.
 */
export const SAFE_CLIENT_OPTIONS = { allowAbsoluteUrls: false } as const;

/**
 * What the composition root adds to every WebClient, the ones slices build themselves included (the
 * secrets' and the reports' clients): the call counters' fetch while metrics are on, else nothing.
 */
export type SharedClientOptions = Pick<WebClientOptions, 'fetch'>;
