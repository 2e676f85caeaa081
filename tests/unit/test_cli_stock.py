"""CLI parity: customers, stock, certificates and traceability through ``python -m shared.cli``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from shared.cli.app import main
from tests.stock_support import body, order_for, real_pdf, stock
from tests.support import Api


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_the_cli_names_customers_describes_certificates_and_traces_a_heat(api: Api, capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    company = api.tenant.company_id
    [row] = body(api, "POST", "inventory", 201, json=[stock("Plate", 5, heatNumber="N41902")])
    (tmp_path / "mtc.pdf").write_bytes(real_pdf())
    certificate = cli(capsys, "add-certificate", "--company", company, str(tmp_path / "mtc.pdf"), "--number", "MTC-1", "--type", "3.1",
                      "--heat-number", "N41902", "--attach", row["inventoryId"])
    assert certificate["inventoryIds"] == [row["inventoryId"]] and certificate["en10204Type"] == "3.1"
    [customer] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}])
    renamed = cli(capsys, "rename-organisation", "--company", company, "--id", customer["relatedOrganisationId"], "--name", "Atlas Ltd")
    assert renamed["nameHistory"][-1]["changedByName"] == "Admin CLI"
    assert [o["name"] for o in cli(capsys, "list-organisations", "--company", company)["organisations"]] == ["Atlas Ltd"]
    assert [r["name"] for r in cli(capsys, "list-inventory", "--company", company, "--heat-number", "n41902")["inventory"]] == ["Plate"]
    [placed] = api.create([order_for("SO-CLI", 5, customerName="Atlas Ltd")])
    line = placed["lineItems"][0]
    api.request("POST", f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations",
                query_string={"inventoryId": row["inventoryId"], "reserveQuantity": "5"})
    trace = cli(capsys, "trace-heat", "--company", company, " N41902 ")
    assert trace["heatNumber"] == "N41902" and [c["name"] for c in trace["customers"]] == ["Atlas Ltd"]
    written = cli(capsys, "trace-heat", "--company", company, "N41902", "--csv", str(tmp_path / "recall.csv"))
    assert written["reservations"] == 1
    with (tmp_path / "recall.csv").open(encoding="utf-8-sig") as handle:
        assert [r["OrderReference"] for r in csv.DictReader(handle)] == ["SO-CLI"]
    assert cli(capsys, "trace-order", "--company", company, placed["orderId"])["lineItems"][0]["heatNumbers"] == ["N41902"]
