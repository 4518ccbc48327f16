// The suite runs on Linux only: it calls readelf, gcc-built fixtures, dotnet publish for linux RIDs and chmod.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
