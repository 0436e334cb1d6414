import Foundation
import ScenarioKit

/// `scenario verify DIR`: checks every file the folder's manifest lists (size and SHA-256).
func verifyCommand(_ args: [String]) throws -> ExitCode {
  var reader = ArgumentReader(args, command: "verify")
  var folders: [String] = []
  while !reader.done {
    let (a, _) = reader.next()
    switch a {
    case "-h", "--help":
      Terminal.out(Help.verify)
      return .success
    default:
      if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'", command: "verify") }
      folders.append(a)
    }
  }
  guard folders.count == 1 else {
    throw UsageError(message: folders.isEmpty ? "'verify' needs a DIR" : "'verify' takes one DIR, found \(folders.count)", command: "verify")
  }
  let result: (manifest: Manifest, problems: [OutputVerifier.Problem])
  do {
    result = try OutputVerifier.verify(folder: folders[0])
  } catch {
    Terminal.error("scenario: error: \(error.description)\n")
    return .usageOrIO
  }
  for p in result.problems { Terminal.out("MISMATCH  \(p.file): \(p.message)\n") }
  let bytes = result.manifest.files.reduce(0) { $0 + $1.bytes }
  if result.problems.isEmpty {
    Terminal.out("verified \(result.manifest.files.count) files (\(bytes) bytes) in \(folders[0]) against \(Manifest.fileName)\n")
    return .success
  }
  Terminal.error("scenario: \(result.problems.count) of \(result.manifest.files.count) files do not match \(Manifest.fileName) in \(folders[0])\n")
  return .expectationsFailed
}
