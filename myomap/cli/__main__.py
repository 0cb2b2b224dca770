from myomap.cli import main

main()
