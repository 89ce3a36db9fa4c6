# The worker's base image in the compose test, standing in for the official node image (which no registry
# here can give): Debian bookworm (minbase, made by debootstrap) with Node.js and npm from the npm registry
# (the `node` package ships the official binary), and the official image's `node` user (uid 1000, /home/node).
# The host's CA bundle goes in too: where the machine reaches the npm registry through a TLS-inspecting proxy,
# `npm ci` in the project's Dockerfile needs that proxy's CA, as the host's npm does.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && echo 'node:x:1000:1000::/home/node:/bin/bash' >> /etc/passwd \
 && echo 'node:x:1000:' >> /etc/group \
 && echo 'node:*:20000:0:99999:7:::' >> /etc/shadow \
 && mkdir -p /home/node && chown node:node /home/node \
 && node --version && npm --version
CMD ["node"]
