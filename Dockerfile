# Production image of the console: compiled JavaScript, pre-bundled AdminJS components, non-root.
#   docker build -t pg-planetary .
#   docker run -p 8080:8080 -e PLANETARY_DATABASE_URL=postgres://… -e PLANETARY_SESSION_SECRET=… pg-planetary
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    ADMIN_JS_SKIP_BUNDLE=true \
    ADMIN_JS_TMP_DIR=/app/admin-bundle \
    PLANETARY_HOST=0.0.0.0 \
    PLANETARY_PORT=8080 \
    PLANETARY_DATA_DIR=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/admin-bundle ./admin-bundle
# Component sources must exist at the paths the plugins register them under.
COPY --from=build /app/plugins ./plugins
COPY --from=build /app/resources ./resources
COPY --from=build /app/themes ./themes
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
CMD ["node", "bin/planetary.js", "start"]
