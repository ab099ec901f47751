# The webmcp-chat server as a container image, built from this repository:
#
#   docker build -t webmcp-chat-server .
#   docker run -p 8787:8787 -v "$PWD/config.json:/app/config.json:ro" \
#     -e WEBMCP_CHAT_ADMIN_KEY=… -e DATABASE_URL=postgres://… -e MODEL_API_KEY=… webmcp-chat-server
#
# Stage 1 builds the widget and assembles the server package (dist-packages/server: compiled
# JavaScript, its lockfile, the widget and console files). Stage 2 installs only that package's
# production dependencies with `npm ci --omit=dev` (the SQLite driver compiles here, with the
# toolchain). Stage 3 is the runtime: Node, the package and its node_modules, nothing else.

FROM node:22-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node scripts/pack-packages.mjs --no-tarballs

FROM node:22-bookworm AS deps
WORKDIR /app
COPY --from=build /src/dist-packages/server/package.json /src/dist-packages/server/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 WEBMCP_CHAT_CONFIG=/app/config.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist-packages/server/ ./
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/v1/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli.js"]
