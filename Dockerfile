# syntax=docker/dockerfile:1
# Node 22: satisfies the project's ">=20", and the AWS SDK's 2027 releases require it.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY sandbox ./sandbox
COPY bench ./bench
RUN npx tsc -p tsconfig.build.json

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    KEYWARDEN_CONFIG=/config/keywarden.yml \
    KEYWARDEN_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; dynalite's LevelDB binding ships prebuilt for linux-x64/arm64.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
# The embedded store (no KEYWARDEN_TABLE) writes here; mount a volume to keep it.
RUN mkdir -p /data /config && chown node:node /data
USER node
EXPOSE 3000
# /healthz answers 200 only while the bot can take work, in HTTP and Socket Mode alike.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same command as `npm start`, without npm in between, so SIGTERM reaches node for a clean drain.
# --max-semi-space-size=4: V8's young generation grows to 16 MB semi-spaces by default; 4 MB keeps the
# idle RSS at about 95 MB (8 MB: 103) and, with reports kept as columns, an organization's report of
# 90,120 stale keys peaks at 139-145 MB (bench/README.md, organization).
# --heap-growing-percent=10: after each full GC V8 lets the old generation grow 10% over what lived,
# instead of up to four times: memory follows the live data (a 500-account report of 449,328 stale keys
# peaks at 194-199 MB instead of 275) and, unlike a --max-old-space-size cap, a larger organization
# is not killed out of memory, only collected more often.
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=10", "dist/src/main.js"]
