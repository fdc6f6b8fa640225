import CaucusCLI

Caucus.main()
