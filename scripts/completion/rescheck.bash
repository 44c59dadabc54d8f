# bash completion for rescheck(1): commands (from 'rescheck help'), claim IDs
# and aliases (from 'rescheck list'), each command's options (from its --help),
# experiments ('rescheck train --list') and files. Installed as
# share/bash-completion/completions/rescheck.

_rescheck_commands()
{
    # the command list of 'rescheck help', so that it cannot drift
    "${1:-rescheck}" help 2>/dev/null | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}'
}

_rescheck_claims()
{
    "${1:-rescheck}" list 2>/dev/null | awk 'NR > 1 {print $1; if ($2 != "-") print $2}'
}

_rescheck()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local prog=${words[0]} cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *) cmd=${words[i]}; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$(_rescheck_commands "$prog") --help --version" -- "$cur"))
        return
    fi

    case $prev in
    --spec | --cert)
        COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    --cert-dir | --out | --data)
        COMPREPLY=($(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    --format)
        if [[ $cmd == landscape ]]; then
            COMPREPLY=($(compgen -W "text json" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "text json tap" -- "$cur"))
        fi
        return ;;
    --polish)
        COMPREPLY=($(compgen -W "w" -- "$cur"))
        return ;;
    --loss) COMPREPLY=($(compgen -W "squared xent" -- "$cur")); return ;;
    --xavier) COMPREPLY=($(compgen -W "glorot torch" -- "$cur")); return ;;
    --inits) COMPREPLY=($(compgen -W "both mzas xavier" -- "$cur")); return ;;
    esac

    if [[ $cur == -* ]]; then
        # the options of 'rescheck COMMAND --help', so that they cannot drift
        local opts
        opts=$("$prog" "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
    verify)
        COMPREPLY=($(compgen -W "all $(_rescheck_claims "$prog")" -- "$cur")) ;;
    train)
        COMPREPLY=($(compgen -W "$("$prog" train --list 2>/dev/null | awk 'NR > 1 {print $1}')" -- "$cur")) ;;
    list | landscape) ;;
    *)  # check and any command that reads certificate files
        COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null ;;
    esac
}
complete -F _rescheck rescheck
