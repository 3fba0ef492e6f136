# ai-interview in a container, for scoring a cohort's recordings where batch jobs run:
#
#   docker build -t ai-interview .
#   docker run --rm -v "$PWD/cohort:/work/cohort:ro" -v ai-interview-data:/data \
#       ai-interview score /work/cohort --resume /work/cohort/resume.pdf --jd /work/cohort/jd.txt \
#       --format jsonl > scores.jsonl
#
# The install is the Makefile's own (`make setup`), so the image cannot drift from what the tests
# run: the system packages of scripts/install-system-packages.sh (ffmpeg, PortAudio, libsndfile,
# espeak-ng for the offline voice, ...), a .venv, and the package with its extras (Ray included).
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . /app
RUN make setup && rm -rf /var/lib/apt/lists/* /root/.cache/pip

# The data folder (the score cache, sessions) is a volume, owned by an unprivileged user.
RUN useradd --create-home --uid 1000 interviewer \
    && mkdir -p /data && chown interviewer /data && chmod 0700 /data
USER interviewer
ENV PATH=/app/.venv/bin:$PATH \
    AI_INTERVIEWER_HOME=/data \
    LITELLM_LOCAL_MODEL_COST_MAP=True \
    PYGAME_HIDE_SUPPORT_PROMPT=1
VOLUME /data

ENTRYPOINT ["ai-interview"]
CMD ["--help"]
