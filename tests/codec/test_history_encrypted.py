"""End to end on the time-skipping server: what Temporal stores is ciphertext; the keyed client reads it back."""

from __future__ import annotations

from pydantic import SecretStr
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.settings import Settings
from tests.codec.echo_workflow import EchoWorkflow
from tests.temporal_env import unique_name
from worker.codec import ENCODING, generate_payload_key
from worker.converter import DATA_CONVERTER, converter_for

SECRET_LOOKING_TEXT = "Acme Supplies Ltd owes 1234.56"


async def test_history_payloads_are_ciphertext(time_skipping_env: WorkflowEnvironment) -> None:
    settings = Settings(payload_keys=SecretStr(generate_payload_key()))
    config = time_skipping_env.client.config()
    config["data_converter"] = converter_for(settings)
    keyed = Client(**config)
    task_queue = unique_name("codec")

    async with Worker(keyed, task_queue=task_queue, workflows=[EchoWorkflow]):
        handle = await keyed.start_workflow(
            EchoWorkflow.run, SECRET_LOOKING_TEXT, id=unique_name("echo"), task_queue=task_queue
        )
        assert await handle.result() == SECRET_LOOKING_TEXT

    raw = await time_skipping_env.client.get_workflow_handle(handle.id).fetch_history()
    payloads = [
        *raw.events[0].workflow_execution_started_event_attributes.input.payloads,
        *raw.events[-1].workflow_execution_completed_event_attributes.result.payloads,
    ]
    assert payloads
    assert all(payload.metadata["encoding"] == ENCODING for payload in payloads)
    assert SECRET_LOOKING_TEXT.encode() not in raw.to_json().encode()


def test_without_keys_the_plain_converter_is_used() -> None:
    assert converter_for(Settings(payload_keys=None)) is DATA_CONVERTER
