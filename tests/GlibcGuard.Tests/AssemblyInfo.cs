// The suite runs on Linux only: it calls readelf, gcc-built fixtures, dotnet publish for linux RIDs and chmod.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Two fixtures at a time among those marked [Parallelizable] (the long ones: publishes, packs, images, loader runs;
// each keeps to its own temporary folders and projects and changes neither the working directory nor the
// environment); every other fixture runs alone, as NUnit runs unmarked fixtures. One test at a time kept about one
// of this machine's two cores busy.
[assembly: NUnit.Framework.LevelOfParallelism(2)]
