# One image for the API, the worker and the CLI.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
COPY data ./data
RUN npm install --no-audit --no-fund
# glibc's allocator returns large freed blocks to the system at once and keeps two arenas, not one per
# thread: the analysis frees many multi-megabyte arrays (see README, Scale).
ENV NODE_ENV=production PORT=3000 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
