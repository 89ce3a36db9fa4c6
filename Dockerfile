# The splits worker. Multi-stage: the first stage compiles TypeScript to JavaScript with the dev dependencies
# (`npm run build` → dist/), the final image holds production dependencies and dist/ only, runs `node` directly
# (exec form, so `docker stop`'s SIGTERM reaches the worker, which finishes its jobs and exits 0) as the
# unprivileged `node` user.
# NODE_VERSION picks the Node.js line of the official image (24: the active LTS line; the dependencies need
# Node >= 20.19). BASE_IMAGE replaces the image altogether: it must provide `node` and `npm` on the PATH and a
# `node` user whose home is /home/node, as the official images do (the compose test builds such an image from
# Debian's packages and the npm registry, since no image registry is reachable there).
ARG NODE_VERSION=24
ARG BASE_IMAGE=node:${NODE_VERSION}-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
RUN npm run build

FROM ${BASE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir -p /home/node/.cache/huggingface && chown -R node:node /home/node/.cache
USER node
EXPOSE 9464
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
