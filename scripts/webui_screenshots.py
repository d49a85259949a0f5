"""Retake the README's Temporal Web UI screenshots (docs/screenshots/) from a running `ml-connector dev`.

Not part of the project's dependencies or CI: it needs Playwright in a throwaway virtualenv and a local
Chromium (see docs/web-ui.md, "Retaking the screenshots"). With `ml-connector dev` running (it encrypts payloads and
serves the codec server, token in `.mlc-data/codec.token`):

    /tmp/shots/bin/python scripts/webui_screenshots.py --workflow-id bill/ORG/BILL \
      --codec-token "$(cat .mlc-data/codec.token)"

The Web UI sends the codec server only its own login's access token; the dev server's UI has no login, so this
script adds the codec server's bearer token to the UI's codec requests itself (in production, put the codec
server behind the same SSO as the UI, or a proxy that adds the header).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import Page, Route, async_playwright

VIEWPORT = {"width": 1400, "height": 860}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ui", default="http://127.0.0.1:8233", help="Temporal Web UI URL")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080", help="gateway URL (serves /codec)")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--workflow-id", required=True, help="a bill workflow id printed by ml-connector dev")
    parser.add_argument("--zoho-org-id", help="filter of the list screenshot (default: from the workflow id)")
    parser.add_argument("--codec-token", required=True, help="the codec server token (.mlc-data/codec.token)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    return parser.parse_args()


async def settle(page: Page) -> None:
    """Let the single-page app finish its requests and animations."""
    await page.wait_for_load_state("networkidle")
    await page.wait_for_timeout(1200)


async def shoot(page: Page, path: Path) -> None:
    png = await page.screenshot(path=str(path), type="png")
    print(f"{path} ({len(png) // 1024} KB)")


async def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    org = args.zoho_org_id or args.workflow_id.split("/")[1]
    workflow_url = f"{args.ui}/namespaces/{args.namespace}/workflows/{quote(args.workflow_id, safe='')}"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        context = await browser.new_context(viewport=VIEWPORT, color_scheme="light")

        async def with_token(route: Route) -> None:
            headers = {**route.request.headers, "authorization": f"Bearer {args.codec_token}"}
            await route.continue_(headers=headers)

        await context.route(f"{args.gateway}/codec/**", with_token)
        page = await context.new_page()

        # 1. A bill workflow as stored: inputs and results are ciphertext without the codec server.
        await page.goto(workflow_url)
        await settle(page)
        await shoot(page, args.out / "bill-workflow-encrypted.png")

        # 2. The same page with the codec server configured in the browser: decoded payloads.
        await page.click("[data-testid=data-encoder-status]")
        await page.click("#use-local-endpoint-radio", force=True)
        await page.fill("textarea", f"{args.gateway}/codec")
        await page.click(
            "[role=dialog] [data-testid=confirm-modal-button]:visible, dialog[open] [data-testid=confirm-modal-button]"
        )
        await page.reload()
        await settle(page)
        await shoot(page, args.out / "bill-workflow-decoded.png")

        # 3. Search attributes of the bill workflow.
        await page.get_by_text("Search Attributes", exact=True).first.click()
        await settle(page)
        await shoot(page, args.out / "bill-search-attributes.png")

        # 4. The workflow list filtered by the connector's search attributes.
        query = f'ZohoOrgId="{org}" AND SyncStatus="synced"'
        await page.goto(f"{args.ui}/namespaces/{args.namespace}/workflows?query={quote(query)}")
        await settle(page)
        await shoot(page, args.out / "workflows-by-search-attributes.png")

        # 5. The reset dialog (not confirmed).
        await page.goto(workflow_url)
        await settle(page)
        await page.get_by_role("button", name="Reset", exact=True).first.click()
        await page.click("[data-testid=workflow-reset-event-id-select-button]:visible")
        await page.locator(":text-is('5 - WorkflowTaskCompleted'):visible").first.click()
        await page.fill("#reset-reason:visible", "re-run after fixing the account mapping")
        await page.wait_for_timeout(800)
        await shoot(page, args.out / "bill-reset-dialog.png")
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
