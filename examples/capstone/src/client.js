'use strict'
// A promise-shaped client for the service, and the signature check any client can do with
// node:crypto alone.
const crypto = require('node:crypto')
const grpc = require('@grpc/grpc-js')
const { Profiles } = require('./proto')

function createClient(address, channelOptions = {}) {
  const client = new Profiles(address, grpc.credentials.createInsecure(), channelOptions)
  const unary = (method) => (request, { deadlineMs } = {}) =>
    new Promise((resolve, reject) => {
      const options = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs }
      client[method](request, options, (err, reply) => (err ? reject(err) : resolve(reply)))
    })
  return {
    raw: client,
    login: unary('Login'),
    getProfile: unary('GetProfile'),
    getPublicKey: unary('GetPublicKey'),
    recentEvents: (request) => client.RecentEvents(request),
    close: () => client.close(),
  }
}

function verifyProfile(publicKeyDer, reply) {
  const key = crypto.createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' })
  return crypto.verify(null, reply.payload, key, reply.signature)
}

module.exports = { createClient, verifyProfile }
