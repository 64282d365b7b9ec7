// AWS Signature Version 4 checking for s3rver, which only looks up the access key id of a SigV4 request and lets
// unsigned requests through. Used by s3rver.mjs when it is given a key pair: every request must carry an Authorization
// header signed with that pair (AWS4-HMAC-SHA256), or it is refused with 403.
// The canonical request follows AWS's published SigV4 description ("Create a canonical request for Signature Version
// 4", AWS General Reference): method, URI, query, signed headers, and the payload hash the client declared in
// x-amz-content-sha256 (which S3 clients always send and sign).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// RFC 3986 encoding of one path segment or query component: unreserved characters stay, everything else is %XX.
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

const decode = (text) => {
  try { return decodeURIComponent(text); } catch { return text; }
};

const canonicalUri = (path) => path.split('/').map((segment) => encode(decode(segment))).join('/') || '/';

const canonicalQuery = (query) => query
  .split('&')
  .filter((pair) => pair.length > 0)
  .map((pair) => {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    return [encode(decode(name)), encode(decode(value))];
  })
  .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  .map(([name, value]) => `${name}=${value}`)
  .join('&');

const hmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest();

// Why a request is refused, or null when its signature is right.
export function refusal(request, accessKey, secretKey) {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    return 'the request is not signed with AWS Signature Version 4';
  }

  const fields = Object.fromEntries(authorization.slice('AWS4-HMAC-SHA256 '.length).split(',').map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  }));
  const [keyId, ...scopeParts] = (fields.Credential ?? '').split('/');
  if (keyId !== accessKey) {
    return 'the access key is not known';
  }

  const signedHeaders = (fields.SignedHeaders ?? '').split(';').filter((h) => h.length > 0);
  const date = request.headers['x-amz-date'];
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (!signedHeaders.includes('host') || typeof date !== 'string' || typeof payloadHash !== 'string' || scopeParts.length !== 4) {
    return 'the signature does not cover the host, date and payload hash';
  }

  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const headerValue = (name) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : String(value ?? '')).trim().replace(/\s+/g, ' ');
  };
  const canonical = [
    request.method,
    canonicalUri(path),
    canonicalQuery(query),
    signedHeaders.map((name) => `${name}:${headerValue(name)}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  const [day, region, service, terminator] = scopeParts;
  const signingKey = hmac(hmac(hmac(hmac('AWS4' + secretKey, day), region), service), terminator);
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(fields.Signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'the signature does not match';
}
