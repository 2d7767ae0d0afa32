'use strict'
// OpenTelemetry for one service instance: its own tracer and meter providers (not the global
// ones), so tests can run several services in one process, each with its own exporters.
const { BasicTracerProvider, SimpleSpanProcessor, BatchSpanProcessor, ConsoleSpanExporter } = require('@opentelemetry/sdk-trace-base')
const { MeterProvider, PeriodicExportingMetricReader, ConsoleMetricExporter } = require('@opentelemetry/sdk-metrics')
const { resourceFromAttributes } = require('@opentelemetry/resources')

// spanExporter: an exporter for tests (InMemorySpanExporter), 'console' for real span output, or none.
function createTelemetry({ spanExporter, metricReaders = [], printMetricsEveryMs } = {}, backendName) {
  const spanProcessors = []
  if (spanExporter === 'console') spanProcessors.push(new BatchSpanProcessor(new ConsoleSpanExporter()))
  else if (spanExporter) spanProcessors.push(new SimpleSpanProcessor(spanExporter))
  const readers = [...metricReaders]
  if (printMetricsEveryMs) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: printMetricsEveryMs }))
  }
  const resource = resourceFromAttributes({ 'service.name': 'architect-capstone', 'app.backend': backendName })
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors })
  const meterProvider = new MeterProvider({ resource, readers })
  return {
    tracer: tracerProvider.getTracer('architect-capstone'),
    meter: meterProvider.getMeter('architect-capstone'),
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
    },
  }
}

// Each StripedCounter (or Atomics slot) becomes an observable counter read at collection time,
// so the hot path pays only its own increment.
function observeCounters(meter, counters, descriptions) {
  for (const [name, counter] of Object.entries(counters)) {
    meter
      .createObservableCounter(`capstone.${name}`, { description: descriptions[name] })
      .addCallback((result) => result.observe(counter.sum()))
  }
}

module.exports = { createTelemetry, observeCounters }
