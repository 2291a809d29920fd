#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts: reload nginx every
# 6 hours so that the certificate renewed by the certbot service is served.
(while sleep 6h; do nginx -s reload; done) &
