// The output folder's types that embedders and the CLI use (manifest, verify, errors).
@_exported import struct ScenarioOutputSet.Manifest
@_exported import enum ScenarioOutputSet.OutputVerifier
@_exported import enum ScenarioOutputSet.OutputSetError
