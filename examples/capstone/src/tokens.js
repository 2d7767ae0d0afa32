'use strict'
// Session tokens: AES-256-GCM sealed {sub, exp}, base64url. The tag makes a tampered token fail
// to open; `exp` bounds a stolen one.
const { GrpcError } = require('./grpc-error')

function createTokens(sealer, ttlMs) {
  return {
    mint(userId, now = Date.now()) {
      const expiresAtMs = now + ttlMs
      const token = sealer.seal(Buffer.from(JSON.stringify({ sub: userId, exp: expiresAtMs }))).toString('base64url')
      return { token, expiresAtMs }
    },
    // Returns the user id the token was issued to.
    verify(token, now = Date.now()) {
      if (typeof token !== 'string' || token.length === 0) throw new GrpcError('UNAUTHENTICATED', 'missing session token')
      let claims
      try {
        claims = JSON.parse(sealer.open(Buffer.from(token, 'base64url')).toString())
      } catch {
        throw new GrpcError('UNAUTHENTICATED', 'invalid session token')
      }
      if (!(claims.exp > now)) throw new GrpcError('UNAUTHENTICATED', 'session token expired')
      return claims.sub
    },
  }
}

module.exports = { createTokens }
