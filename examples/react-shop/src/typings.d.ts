// The two opt-ins of the webmcp-chat package: `<webmcp-chat>` in React's JSX (generated from the
// element's manifest) and `document.modelContext` (WebMCP) on `Document`.
import 'webmcp-chat/jsx-react';
import 'webmcp-chat/model-context';
