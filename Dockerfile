# ml-connector image: one image for every role, chosen by the command (worker, gateway, db upgrade, schedules).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY common ./common
COPY clients ./clients
COPY connections ./connections
COPY persistence ./persistence
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY webhook_gateway ./webhook_gateway
COPY cli ./cli
COPY emulators ./emulators
RUN pip install --no-cache-dir . && useradd --system --uid 10001 connector
USER connector
ENTRYPOINT ["ml-connector"]
CMD ["worker"]
