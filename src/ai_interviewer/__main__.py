from ai_interviewer.cli.app import main

main()
