import { describeLeases } from './testing/lease-conformance.js'
import { MemoryLeases } from './memory-leases.js'

// One node: "several nodes" share the one lease table.
describeLeases('memory', async (count) => {
  const leases = new MemoryLeases()
  return Array.from({ length: count }, () => leases)
})
