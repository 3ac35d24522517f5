#!/bin/sh
# docs/ablations.md from the eval JSON of scripts/ablations.sh (one eval JSON per variant).
set -eu
OUT=data/ablations
npx tsx scripts/ablation-report.ts --json "$OUT"/eval-*.json --out docs/ablations.md \
  --note "Budget of every ablation row: 2 epochs over the corpus's train split (first 4 captions per clip), batch 48, peak lr 2e-3, seed 1 (glove+bow also seed 2: mean ± half the range), two trainings at a time on a 2-core machine (JOBS=2); the shipped recipe trains 10 epochs. One seed for the other variants, so differences within ~0.05 on synthetic-val and ~0.1 on mustango-captions (18 queries) are noise. *Untrained*: the same architecture at its random initialisation (\`tunelens train --epochs 0\`). *Half data*: the first 1,350 training clips. There is no 'without synthetic data' row: the synthetic corpus is the only captioned data, so without it there is no text supervision at all; a half-data row measures how much its size matters. A variant of scripts/ablations.sh that has not been run (and evaluated) yet has no row. Text→track columns use the audio ranking; track→track is precision@10 of same-genre neighbours." \
  --row "shipped v0.3 recipe (glove+bow, 10 epochs; seed 1 is the shipped model, seed 2 a rerun)=v0.3,v0.3-s2" \
  --row "untrained (random init, glove+bow)=abl-untrained" \
  --row "glove+bow=abl-glove,abl-glove-s2" \
  --row "use+bow=abl-use" \
  --row "bag-of-words only=abl-bow" \
  --row "glove+bow + crop positives (semi-supervised audio↔audio term)=abl-glove-crop" \
  --row "glove+bow, half the training clips=abl-glove-half" \
  --row "glove+bow + crop positives with Debian music (252 uncaptioned recordings, 7.3 h)=abl-glove-crop-debian"
