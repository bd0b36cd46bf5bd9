import type { WarblerClient } from '@warbler/sdk'
import { createContext, useContext, useEffect, type ReactNode } from 'react'
import { storesOf, type ClientStores } from './stores/client-stores.js'

const WarblerContext = createContext<ClientStores | undefined>(undefined)

/** Props of {@link WarblerProvider}. */
export interface WarblerProviderProps {
  /** The client the hooks below use. You create it and close it (`client.close()`) when done. */
  client: WarblerClient
  /** Call `client.connect()` on mount (default `true`); its failure shows in `useConnectionState().fatal`. */
  connect?: boolean
  children?: ReactNode
}

/**
 * Gives the hooks and components below it a Warbler client.
 *
 * @example
 * ```tsx
 * const client = new WarblerClient({ url: 'https://chat.example.com', token })
 * createRoot(element).render(
 *   <WarblerProvider client={client}>
 *     <Chat />
 *   </WarblerProvider>,
 * )
 * ```
 */
export function WarblerProvider({ client, connect = true, children }: WarblerProviderProps) {
  useEffect(() => {
    // Rejections are announced as `connection-state-change` / `error` too, and shown from there.
    if (connect) client.connect().catch(() => undefined)
  }, [client, connect])
  return <WarblerContext.Provider value={storesOf(client)}>{children}</WarblerContext.Provider>
}

/** The stores of the nearest provider's client; throws outside a {@link WarblerProvider}. */
export function useWarblerStores(): ClientStores {
  const stores = useContext(WarblerContext)
  if (!stores) throw new Error('Warbler hooks need a <WarblerProvider client={client}> above them.')
  return stores
}

/** The client of the nearest {@link WarblerProvider}, for calls the hooks do not cover (`client.groups`, `client.messages.edit`, ...). */
export function useWarblerClient(): WarblerClient {
  return useWarblerStores().client
}
