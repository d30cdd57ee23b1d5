import JSON

/// The service's OpenAPI 3.1 description, served at `GET /openapi.json`.
///
/// Written by hand, route by route; a test checks that it names exactly the routes the server
/// has (method and path), so the two cannot drift apart.
enum OpenAPIDocument {
    /// The document.
    static let json: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "orch",
            "version": "1",
            "description": .string(
                "orch runs compiled plans of Usetrace builds in order. The first three paths are the original "
                    + "service's, kept as they were (with or without a final '/')."),
        ],
        "paths": .object(paths),
        "components": [
            "securitySchemes": [
                "clientId": [
                    "type": "http", "scheme": "bearer",
                    "description": "The client id that `orch clients add` printed.",
                ]
            ],
            "schemas": .object(schemas),
        ],
    ]

    private static let paths: [String: JSONValue] = [
        "/scheduleRun/{clientId}": [
            "post": operation(
                "scheduleRun", "Schedule a run (the original service's call).",
                parameters: [pathParameter("clientId", "The client id."), keyParameter],
                body: planBody,
                responses: [
                    "200": [
                        "description": "The run id (plain text; JSON with Accept: application/json).",
                        "content": [
                            "text/plain": ["schema": ["type": "string"]],
                            "application/json": ["schema": ref("RunCreated")],
                        ],
                    ],
                    "400": errorResponse("The plan is invalid; every problem is in details."),
                    "404": errorResponse("No client has that id; nothing is stored."),
                    "413": errorResponse("The body is larger than 1 MiB."),
                ])
        ],
        "/webhook/{runId}/{token}": [
            "post": operation(
                "receiveWebhook", "A Usetrace webhook delivery for one attempt of a cell.",
                parameters: [
                    pathParameter("runId", "The run."), pathParameter("token", "The attempt's single-use token."),
                    [
                        "name": "Signature", "in": "header", "required": false,
                        "description": "Lowercase hex HMAC-SHA256 of the body under the run's secretKey.",
                        "schema": ["type": "string"],
                    ],
                ],
                body: reportBody,
                responses: [
                    "200": webhookResponse(
                        "Signed: the report decided its cell, or (a repeat, an ended cell) nothing changed."),
                    "202": webhookResponse("Unsigned or wrongly signed: only a hint; orch asks Usetrace itself."),
                    "404": errorResponse("No such run, or the token names no attempt of it."),
                ])
        ],
        "/webhook/{runId}": [
            "post": operation(
                "receiveOriginalWebhook", "The original service's webhook path: only a hint.",
                parameters: [pathParameter("runId", "The run.")],
                body: reportBody,
                responses: [
                    "202": webhookResponse("Accepted as a hint: orch asks Usetrace for the run's builds."),
                    "404": errorResponse("No such run."),
                ])
        ],
        "/getRuns": [
            "get": operation(
                "getRuns", "The runs page (HTML; the run list as JSON with Accept: application/json).",
                parameters: listParameters,
                responses: [
                    "200": [
                        "description": "The runs.",
                        "content": [
                            "text/html": ["schema": ["type": "string"]],
                            "application/json": ["schema": ref("RunList")],
                        ],
                    ],
                    "400": pageErrorResponse("A bad status, limit or cursor."),
                ])
        ],
        "/api/v1/runs": [
            "post": operation(
                "createRun", "Schedule a run.", parameters: [keyParameter], body: planBody,
                responses: [
                    "201": jsonResponse("The run was stored.", ref("RunCreated")),
                    "400": errorResponse("The plan is invalid; every problem is in details."),
                    "401": errorResponse("No client id."),
                    "404": errorResponse("No client has that id; nothing is stored."),
                    "413": errorResponse("The body is larger than 1 MiB."),
                ], secured: true),
            "get": operation(
                "listRuns", "Runs, newest first, a page at a time.", parameters: listParameters,
                responses: [
                    "200": jsonResponse("A page of runs.", ref("RunList")),
                    "400": errorResponse("A bad status, limit or cursor."),
                ]),
        ],
        "/api/v1/runs/{id}": [
            "get": operation(
                "getRun", "One run and its cells.", parameters: [pathParameter("id", "The run id.")],
                responses: [
                    "200": jsonResponse("The run.", ref("Run")), "404": errorResponse("No such run."),
                ])
        ],
        "/api/v1/runs/{id}/cancel": [
            "post": operation(
                "cancelRun", "Cancel a run that has not ended.", parameters: [pathParameter("id", "The run id.")],
                responses: [
                    "200": jsonResponse("The cancelled run.", ref("Run")),
                    "401": errorResponse("No client id."), "403": errorResponse("Another client's run."),
                    "404": errorResponse("No such run."), "409": errorResponse("The run has ended already."),
                ], secured: true)
        ],
        "/api/v1/runs/{id}/rerun": [
            "post": operation(
                "rerunRun", "Run an ended run's plan again: all cells, or only those that did not pass.",
                parameters: [
                    pathParameter("id", "The run id."),
                    [
                        "name": "failed", "in": "query", "required": false,
                        "description":
                            "true (or 1, yes): only the cells that did not pass; false (or 0, no; the default): every cell.",
                        "schema": ["type": "boolean"],
                    ],
                ],
                responses: [
                    "201": jsonResponse("The new run.", ref("RunCreated")),
                    "400": errorResponse("failed is not true, false, 1, 0, yes or no."),
                    "401": errorResponse("No client id."), "403": errorResponse("Another client's run."),
                    "404": errorResponse("No such run."),
                    "409": errorResponse("The run has not ended, or nothing failed."),
                ], secured: true)
        ],
        "/api/v1/runs/{id}/junit": [
            "get": operation(
                "getRunJUnit", "The run as a JUnit XML report (one testcase per cell).",
                parameters: [pathParameter("id", "The run id.")],
                responses: [
                    "200": [
                        "description": "The report.",
                        "content": ["application/xml": ["schema": ["type": "string"]]],
                    ],
                    "404": errorResponse("No such run."),
                ])
        ],
        "/api/v1/plans/validate": [
            "post": operation(
                "validatePlan", "Compile a plan without storing or running it.", body: validatedBody,
                responses: [
                    "200": jsonResponse(
                        "Whether the plan is valid, its problems and its compiled form.", ref("Validation")),
                    "413": errorResponse("The body is larger than 1 MiB."),
                ])
        ],
        "/healthz": [
            "get": operation(
                "health", "Whether the service and its database answer.",
                responses: [
                    "200": jsonResponse("Healthy.", ["type": "object", "properties": ["status": ["const": "ok"]]]),
                    "503": errorResponse("The database does not answer."),
                ])
        ],
        "/metrics": [
            "get": operation(
                "metrics", "Metrics in Prometheus's text format.",
                responses: [
                    "200": [
                        "description": "The metrics.",
                        "content": ["text/plain": ["schema": ["type": "string"]]],
                    ]
                ])
        ],
        "/openapi.json": [
            "get": operation(
                "openapi", "This document.",
                responses: ["200": jsonResponse("The OpenAPI document.", ["type": "object"])])
        ],
        "/": [
            "get": operation(
                "dashboard", "The dashboard: runs and their live status.", parameters: listParameters,
                responses: ["200": htmlResponse("The runs page."), "400": htmlResponse("A bad status or cursor.")])
        ],
        "/runs/{id}": [
            "get": operation(
                "dashboardRun", "A run's page: its cells and timeline.",
                parameters: [pathParameter("id", "The run id.")],
                responses: ["200": htmlResponse("The run's page."), "404": htmlResponse("No such run.")])
        ],
    ]

    private static let schemas: [String: JSONValue] = [
        "Error": [
            "type": "object", "required": ["error"],
            "properties": [
                "error": [
                    "type": "object", "required": ["code", "message", "details"],
                    "properties": [
                        "code": ["type": "string"], "message": ["type": "string"],
                        "details": ["type": "array", "items": [:]],
                    ],
                ]
            ],
        ],
        "RunCreated": [
            "type": "object", "required": ["id", "status"],
            "properties": [
                "id": ["type": "string"], "status": ref("RunStatus"), "rerunOf": ["type": "string"],
            ],
        ],
        "RunStatus": ["type": "string", "enum": ["queued", "running", "passed", "failed", "cancelled"]],
        "CellStatus": [
            "type": "string", "enum": ["pending", "running", "passed", "failed", "error", "skipped", "cancelled"],
        ],
        "PlanRef": [
            "type": "object", "required": ["name", "hash"],
            "properties": ["name": ["type": "string"], "hash": ["type": "string"]],
        ],
        "RunList": [
            "type": "object", "required": ["runs", "nextCursor"],
            "properties": [
                "runs": ["type": "array", "items": ref("RunListEntry")],
                "nextCursor": ["type": ["string", "null"]],
            ],
        ],
        "RunListEntry": [
            "type": "object", "required": ["id", "status", "plan", "createdAt", "finishedAt", "cells"],
            "properties": [
                "id": ["type": "string"], "status": ref("RunStatus"), "plan": ref("PlanRef"),
                "createdAt": time, "finishedAt": optionalTime,
                "cells": [
                    "type": "object", "required": ["total"],
                    "additionalProperties": ["type": "integer"],
                ],
            ],
        ],
        "Run": [
            "type": "object",
            "required": ["id", "status", "plan", "createdAt", "startedAt", "finishedAt", "steps"],
            "properties": [
                "id": ["type": "string"], "status": ref("RunStatus"), "plan": ref("PlanRef"),
                "createdAt": time, "startedAt": optionalTime, "finishedAt": optionalTime,
                "steps": ["type": "array", "items": ref("Step")],
            ],
        ],
        "Step": [
            "type": "object",
            "required": [
                "seq", "stage", "id", "kind", "target", "capability", "lane", "status", "attempts", "flaky", "soft",
                "buildId", "startedAt", "finishedAt", "error",
            ],
            "properties": [
                "seq": ["type": "integer"], "stage": ["type": "integer"], "id": ["type": "string"],
                "kind": ["type": "string", "enum": ["trace", "tag", "command"]], "target": ["type": "string"],
                "capability": ["type": ["object", "null"]], "lane": ["type": ["integer", "null"]],
                "status": ref("CellStatus"), "attempts": ["type": "integer"], "flaky": ["type": "boolean"],
                "soft": ["type": "boolean"], "buildId": ["type": ["string", "null"]], "startedAt": optionalTime,
                "finishedAt": optionalTime, "error": ["type": ["string", "null"]],
            ],
        ],
        "Validation": [
            "type": "object", "required": ["valid", "errors", "warnings", "compiled"],
            "properties": [
                "valid": ["type": "boolean"], "errors": ["type": "array", "items": ref("Problem")],
                "warnings": ["type": "array", "items": ref("Problem")],
                "compiled": ["type": ["object", "null"]],
            ],
        ],
        "Problem": [
            "type": "object", "required": ["message"],
            "properties": [
                "severity": ["type": "string"], "file": ["type": "string"], "line": ["type": "integer"],
                "column": ["type": "integer"], "message": ["type": "string"], "step": ["type": "string"],
            ],
        ],
        "WebhookAnswer": [
            "type": "object", "required": ["outcome"], "properties": ["outcome": ["type": "string"]],
        ],
    ]

    private static let time: JSONValue = ["type": "string", "format": "date-time"]
    private static let optionalTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]

    private static let keyParameter: JSONValue = [
        "name": "key", "in": "query", "required": false,
        "description": "The Usetrace project API key for this run (kept with the run, never shown).",
        "schema": ["type": "string"],
    ]

    private static let listParameters: [JSONValue] = [
        [
            "name": "status", "in": "query", "required": false, "allowEmptyValue": true,
            "description": "Only runs of this status; empty or absent: every run.", "schema": ref("RunStatus"),
        ],
        [
            "name": "limit", "in": "query", "required": false, "allowEmptyValue": true,
            "description": "How many runs a page holds; empty or absent: 50.",
            "schema": ["type": "integer", "minimum": 1, "maximum": 1000, "default": 50],
        ],
        [
            "name": "cursor", "in": "query", "required": false, "allowEmptyValue": true,
            "description":
                "The nextCursor of the page before; empty or absent: the first page (any other text is a 400).",
            "schema": ["type": "string", "pattern": "^([0-9]{1,15}\\.[A-Za-z0-9_-]{1,64})?$"],
        ],
    ]

    /// What validate takes: any text at all, an empty body too; what is not a valid plan is
    /// answered 200 with `valid: false` and its problems.
    private static let validatedBody: JSONValue = [
        "required": false,
        "description": "A version 1 plan (JSON or YAML) or the original service's order JSON, valid or not.",
        "content": ["application/json": ["schema": [:]], "application/yaml": ["schema": [:]]],
    ]

    private static let planBody: JSONValue = [
        "required": true,
        "description": "A version 1 plan (JSON or YAML) or the original service's order JSON.",
        "content": [
            "application/json": ["schema": ["type": "object"]],
            "application/yaml": ["schema": ["type": "object"]],
        ],
    ]

    private static let reportBody: JSONValue = [
        "required": false,
        "description": "Usetrace's build report (results JSON).",
        "content": ["application/json": ["schema": ["type": "object"]]],
    ]

    private static func operation(
        _ id: String, _ summary: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
        responses: [String: JSONValue], secured: Bool = false
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary), "responses": .object(responses),
        ]
        if !parameters.isEmpty { members["parameters"] = .array(parameters) }
        if let body { members["requestBody"] = body }
        if secured { members["security"] = [["clientId": []]] }
        return .object(members)
    }

    private static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "path", "required": true, "description": .string(description),
            "schema": ["type": "string"],
        ]
    }

    private static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    private static func jsonResponse(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    private static func errorResponse(_ description: String) -> JSONValue {
        jsonResponse(description, ref("Error"))
    }

    private static func webhookResponse(_ description: String) -> JSONValue {
        jsonResponse(description, ref("WebhookAnswer"))
    }

    /// An error of a page that also answers JSON: the error page, or the JSON error with
    /// `Accept: application/json`.
    private static func pageErrorResponse(_ description: String) -> JSONValue {
        [
            "description": .string(description),
            "content": ["text/html": ["schema": ["type": "string"]], "application/json": ["schema": ref("Error")]],
        ]
    }

    private static func htmlResponse(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["text/html": ["schema": ["type": "string"]]]]
    }
}
