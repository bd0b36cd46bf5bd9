import { describeBus } from '../testing/bus-conformance.js'
import { MemoryBus } from './memory-bus.js'

// The memory bus is one node; "several nodes" of it are the same instance.
describeBus('memory', async (count) => {
  const bus = new MemoryBus()
  return Array.from({ length: count }, () => bus)
})
