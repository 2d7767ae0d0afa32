'use strict'
// An error that knows its gRPC status by name, so it can cross from a worker (as plain data)
// and still become the right status on the wire.
class GrpcError extends Error {
  constructor(status, message) {
    super(message)
    this.name = 'GrpcError'
    this.status = status
  }
}

module.exports = { GrpcError }
