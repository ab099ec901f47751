import 'webmcp-chat'; // defines <webmcp-chat> before React renders it, so object props become properties
import type { ChatMessageEvent, WebmcpChat } from 'webmcp-chat';
import { useEffect, useRef, useState } from 'react';
import { search, type Product } from './catalog';

/** The chat server; `npm start` in the repository runs one here with the demo config. */
const API_URL = 'http://localhost:8787';

export function App() {
  const chat = useRef<WebmcpChat>(null);
  const [results, setResults] = useState<Product[]>([]);
  const [lastReply, setLastReply] = useState('');

  // The page's own tool, registered with WebMCP for as long as the component is mounted.
  useEffect(() => {
    const registration = new AbortController();
    void document.modelContext.registerTool(
      {
        name: 'search_products',
        title: 'Search products',
        description: 'Search the shop’s products by words in their name',
        inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
        annotations: { readOnlyHint: true },
        execute: (input) => {
          const found = search(String(input.query));
          setResults(found);
          return found;
        },
      },
      { signal: registration.signal },
    );
    return () => registration.abort();
  }, []);

  return (
    <main>
      <h1>React shop</h1>
      <button type="button" onClick={() => chat.current?.open()}>
        Ask the assistant
      </button>
      <ul>
        {results.map((p) => (
          <li key={p.id}>
            {p.name} — ${(p.priceCents / 100).toFixed(2)}
          </li>
        ))}
      </ul>
      {lastReply && <p>Last reply: {lastReply}</p>}
      <webmcp-chat
        ref={chat}
        client-token="ct_test_demo"
        api-url={API_URL}
        position="bottom-left"
        theme="auto"
        heading-level={2}
        strings={{ send: 'Go' }}
        toolTimeouts={{ search_products: 5000 }}
        onwebmcp-chat-message={(e: ChatMessageEvent) => {
          if (e.detail.role === 'assistant') setLastReply(e.detail.text);
        }}
      />
    </main>
  );
}
