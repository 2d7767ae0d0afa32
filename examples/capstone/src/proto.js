'use strict'
const path = require('node:path')
const grpc = require('@grpc/grpc-js')
const protoLoader = require('@grpc/proto-loader')

const definition = protoLoader.loadSync(path.join(__dirname, '..', 'proto', 'profiles.proto'), {
  keepCase: true,
  longs: Number,
  defaults: true,
})

module.exports = grpc.loadPackageDefinition(definition).architect.capstone
