import { css } from 'lit';

/** What every console view shares: tables, forms, buttons, alerts. */
export const sharedStyles = css`
  :host {
    display: block;
    font:
      14px/1.45 system-ui,
      sans-serif;
    color: #1d2430;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1rem 0 0.4rem;
  }
  h4 {
    font-size: 0.95rem;
    margin: 0.8rem 0 0.3rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    margin: 0.25rem 0 0.75rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.3rem 0.5rem;
    border-bottom: 1px solid #dde2ea;
    vertical-align: top;
  }
  th {
    font-weight: 600;
    background: #f4f6f9;
  }
  code,
  pre {
    font-family: ui-monospace, monospace;
    font-size: 0.85rem;
  }
  pre {
    white-space: pre-wrap;
    word-break: break-word;
    background: #f4f6f9;
    padding: 0.4rem;
    margin: 0.25rem 0;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
    margin: 0.5rem 0;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    font-size: 0.85rem;
  }
  label.inline {
    flex-direction: row;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.95rem;
  }
  input[type='text'],
  input[type='password'],
  select {
    font: inherit;
    padding: 0.3rem 0.4rem;
    border: 1px solid #9aa4b2;
    border-radius: 4px;
    min-width: 14rem;
  }
  button {
    font: inherit;
    padding: 0.3rem 0.75rem;
    border: 1px solid #2b5fb8;
    border-radius: 4px;
    background: #2b5fb8;
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: #2b5fb8;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid #f0a500;
    outline-offset: 2px;
  }
  .alert {
    border: 1px solid #c0392b;
    background: #fdf0ee;
    color: #8e2418;
    padding: 0.4rem 0.6rem;
    border-radius: 4px;
  }
  .alert ul {
    margin: 0.25rem 0 0;
    padding-left: 1.2rem;
  }
  .muted {
    color: #5b6575;
  }
  .status-admitted {
    color: #1e7b34;
    font-weight: 600;
  }
  .status-rejected {
    color: #b0261a;
    font-weight: 600;
  }
  .toolbar {
    display: flex;
    gap: 0.5rem;
    align-items: end;
    margin-bottom: 0.5rem;
  }
`;
