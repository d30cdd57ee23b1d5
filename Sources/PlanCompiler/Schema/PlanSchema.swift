import JSON

/// The JSON Schema (draft 2020-12) of plan format version 1 and of the original order format: what `orch schema` prints.
///
/// Editors use it to complete and check plans; `schemas/plan.schema.json` is its `prettyText`.
/// It checks what a schema can (keys, types, enums, the shape of durations, one kind per
/// step); the compiler checks the rest (unknown step ids, cycles, a tag step without `project`).
public enum PlanSchema {
    /// The schema document.
    public static let json: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:orch:schema:plan:1",
        "title": "orch run plan",
        "description":
            .string(
                "A run plan for orch (version 1), or an order in the original service's JSON format. "
                    + "orch compiles either into stages of Usetrace builds."),
        "anyOf": [["$ref": "#/$defs/plan"], ["$ref": "#/$defs/order"]],
        "$defs": [
            "plan": plan,
            "order": order,
            "step": step,
            "matrix": matrix,
            "capability": capability,
            "browserName": browserName,
            "duration": duration,
        ],
    ]

    /// A version 1 plan.
    private static let plan: JSONValue = [
        "title": "Plan (version 1)",
        "description": "A version 1 run plan: a matrix of browsers and a line of steps.",
        "type": "object",
        "required": ["steps"],
        "additionalProperties": false,
        "properties": [
            "version": [
                "description": "The plan format version. Optional; 1 is the only version.",
                "const": 1,
            ],
            "name": [
                "description": "The plan's name, unique in its folder. Default: the file name.",
                "type": "string",
                "pattern": "^[a-z0-9_-]+$",
            ],
            "project": [
                "description": "The Usetrace project id. Needed by tag steps.",
                "type": "string",
                "minLength": 1,
            ],
            "capabilities": [
                "$ref": "#/$defs/matrix",
                "description": "The matrix: every step runs once per capability, unless it names its own.",
            ],
            "baseUrl": [
                "description": "The site to run against, passed to Usetrace. Default: the project's.",
                "type": "string",
                "format": "uri",
            ],
            "parameters": [
                "description": "Trace parameters, passed to Usetrace unchanged (e.g. {username: demo}).",
                "type": "object",
                "additionalProperties": true,
            ],
            "defaults": [
                "description": "Settings for every step that does not give its own.",
                "type": "object",
                "additionalProperties": false,
                "properties": [
                    "timeout": [
                        "$ref": "#/$defs/duration",
                        "description": "How long one attempt of a cell may take (e.g. 30m). Default: 60m.",
                    ],
                    "retries": [
                        "description": "Extra attempts of a failed cell. Default: 0.",
                        "type": "integer",
                        "minimum": 0,
                    ],
                ],
            ],
            "maxParallel": [
                "description": "How many cells of one stage run at once. Default: all of them.",
                "type": "integer",
                "minimum": 1,
            ],
            "order": [
                "description":
                    .string(
                        "stage: every browser ends a step before the next step starts. "
                            + "lane: each browser runs the steps in order on its own, browsers side by side."),
                "enum": ["stage", "lane"],
                "default": "stage",
            ],
            "onFailure": [
                "description":
                    "stop: after a failed step, skip what remains. continue: run the rest; the run still fails.",
                "enum": ["stop", "continue"],
                "default": "stop",
            ],
            "groups": [
                "description": "Named lists of trace ids; a group step (or tag:NAME) expands to its traces in place.",
                "type": "object",
                "additionalProperties": [
                    "description": "The trace ids of the group, in order.",
                    "type": "array",
                    "items": ["type": "string", "minLength": 1],
                ],
            ],
            "steps": [
                "description":
                    "The steps, in order; a step runs after those it needs. Each step is one stage of the run.",
                "type": "array",
                "items": ["$ref": "#/$defs/step"],
            ],
        ],
    ]

    /// One step of a version 1 plan: exactly one of trace, tag, group, run.
    private static let step: JSONValue = [
        "description": "One step: exactly one of trace, tag, group or run, and its settings.",
        "type": "object",
        "additionalProperties": false,
        "oneOf": [
            ["required": ["trace"]],
            ["required": ["tag"]],
            ["required": ["group"]],
            ["required": ["run"]],
        ],
        "properties": [
            "trace": [
                "description": "A Usetrace trace id: one build per capability. tag:NAME means the tag NAME.",
                "type": "string",
                "minLength": 1,
            ],
            "tag": [
                "description":
                    .string(
                        "A Usetrace tag: one execute-all build per capability (needs project). "
                            + "The name of a local group expands to its traces."),
                "type": "string",
                "minLength": 1,
            ],
            "group": [
                "description":
                    "A group of the plan's groups: becomes one step per trace, each with this step's settings.",
                "type": "string",
                "minLength": 1,
            ],
            "run": [
                "description": "A local command; exit status 0 passes. Runs once, not per capability.",
                "type": "string",
                "minLength": 1,
            ],
            "id": [
                "description":
                    "A name other steps can need. Unique. Default: the trace id, tag:NAME, GROUP/TRACE or run-N.",
                "type": "string",
                "minLength": 1,
            ],
            "needs": [
                "description": "Ids of the steps that must come before this one.",
                "type": "array",
                "items": ["type": "string", "minLength": 1],
            ],
            "capabilities": [
                "$ref": "#/$defs/matrix",
                "description": "This step's own matrix, instead of the plan's.",
            ],
            "retries": [
                "description": "Extra attempts of a failed cell of this step. Default: defaults.retries.",
                "type": "integer",
                "minimum": 0,
            ],
            "timeout": [
                "$ref": "#/$defs/duration",
                "description": "How long one attempt of a cell of this step may take. Default: defaults.timeout.",
            ],
            "continueOnError": [
                "description": "When true, a failure of this step does not stop the run, and the run can still pass.",
                "type": "boolean",
                "default": false,
            ],
        ],
    ]

    /// A matrix: a non-empty list of capabilities.
    private static let matrix: JSONValue = [
        "description": "A list of capabilities (browsers); each step runs once per capability.",
        "type": "array",
        "minItems": 1,
        "items": ["$ref": "#/$defs/capability"],
    ]

    /// A capability: a browser name, or an object with `browserName` whose other keys go to Usetrace.
    private static let capability: JSONValue = [
        "description": "A browser name, or {browserName: NAME, ...} whose other keys are passed to Usetrace unchanged.",
        "oneOf": [
            ["$ref": "#/$defs/browserName"],
            [
                "type": "object",
                "required": ["browserName"],
                "additionalProperties": true,
                "properties": [
                    "browserName": [
                        "$ref": "#/$defs/browserName",
                        "description": "The browser.",
                    ]
                ],
            ],
        ],
    ]

    /// The browsers orch knows.
    private static let browserName: JSONValue = [
        "description":
            "A browser: chrome or firefox (what Usetrace runs today); edge and safari are accepted with a warning.",
        "type": "string",
        "enum": ["chrome", "firefox", "edge", "safari"],
    ]

    /// A duration as `DurationText` reads it.
    private static let duration: JSONValue = [
        "description": "A duration: 500ms, 5s, 2m, 1h, or parts summed like 1h30m; a bare integer is seconds.",
        "anyOf": [
            ["type": "string", "pattern": "^([0-9]+(ms|s|m|h))+$"],
            ["type": "integer", "minimum": 0],
        ],
    ]

    /// The original service's order: a project, a matrix and a list of traces and tags.
    private static let order: JSONValue = [
        "title": "Order (original format)",
        "description": "The JSON order the original service took; it means a version 1 plan with these steps.",
        "type": "object",
        "required": ["runOrder"],
        "additionalProperties": false,
        "properties": [
            "projectID": [
                "description": "The Usetrace project id. Needed by tag entries.",
                "type": "string",
                "minLength": 1,
            ],
            "requiredCapabilities": [
                "$ref": "#/$defs/matrix",
                "description": "The matrix, e.g. [{browserName: chrome}]. Default: chrome alone.",
            ],
            "runOrder": [
                "description": "The steps in order: trace ids, and tag:NAME for a tag.",
                "type": "array",
                "items": ["type": "string", "minLength": 1],
            ],
        ],
    ]
}
